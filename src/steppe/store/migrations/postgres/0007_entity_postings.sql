-- The same index as sqlite/0007_entity_postings.sql; version numbers stay in step.
-- An entity's postings with their article: related articles (reports_sql.related_articles)
-- count the articles sharing an article's entities from this index alone, instead of reading
-- each posting's row. It replaces the index on entity_id alone, of which it is an extension.
DROP INDEX article_entities_entity;
CREATE INDEX article_entities_entity ON article_entities (entity_id, article_pk);
