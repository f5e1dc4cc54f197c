// How far behind Greater Boston is each cluster in the JLL 2017 ranking?
MATCH (b:Cluster {name: 'Greater Boston biotech cluster'})-[rb:RANKED_IN]->(t:Ranking {id: 'table-2'})
MATCH (c:Cluster)-[r:RANKED_IN]->(t)
RETURN r.rank AS rank, c.name AS cluster, r.score AS score, round((rb.score - r.score) * 10) / 10 AS behind_boston
ORDER BY rank;
