// Which U.S. bioclusters rank in the top five of the JLL 2017 ranking, and what do they score?
MATCH (c:Cluster)-[r:RANKED_IN]->(:Ranking {id: 'table-2'})
WHERE r.rank <= 5
RETURN r.rank AS rank, c.name AS cluster, r.score AS weighted_score
ORDER BY rank;
