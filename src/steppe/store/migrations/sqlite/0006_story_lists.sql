-- Live stories for lists and counts (store/story_lists_sql.py). Both indexes are partial:
-- the live stories by recency, so counting them or walking them newest first reads neither
-- the merged ones nor the rows (the profiles are most of a row); and the merged stories,
-- few, so a tag's live stories are its tag rows less those of merged stories.
CREATE INDEX stories_live ON stories (last_day, pk) WHERE merged_into IS NULL;
CREATE INDEX stories_merged ON stories (merged_into) WHERE merged_into IS NOT NULL;
