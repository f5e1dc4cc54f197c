// Where did Korea rank in the BCI 2017 survey of emerging countries?
MATCH (k:Place {name: 'South Korea'})-[r:RANKED_IN]->(b:Ranking)
OPTIONAL MATCH (org)-[:PUBLISHED]->(b)
RETURN b.name AS ranking, r.rank AS rank, r.out_of AS out_of, r.score AS index, org.name AS published_by;
