// Who wrote, edited and published each source document?
MATCH (d:Document)
OPTIONAL MATCH (a:Person)-[:AUTHORED]->(d)
OPTIONAL MATCH (e:Person)-[:EDITED]->(d)
WITH d, a, e ORDER BY a.name
RETURN d.id AS doc, d.date AS date, collect(DISTINCT a.name) AS authors, collect(DISTINCT e.name) AS editors, d.publisher AS publisher
ORDER BY doc;
