// Which plans and strategies did the Korean government announce, and when?
MATCH (a)-[r:ANNOUNCED]->(p:Plan)
RETURN coalesce(r.year, p.year, p.period_start) AS year, a.name AS announced_by, p.name AS plan
ORDER BY year, plan;
