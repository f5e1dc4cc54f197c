// Who takes part in Project H, what does it develop, and where is it promoted?
MATCH (x)-[:PARTICIPATES_IN]->(p:Project {name: 'Project H'})
MATCH (p)-[:DEVELOPS]->(v:Product), (p)-[:LOCATED_IN]->(f:Facility)
RETURN x.name AS participant, v.name AS develops, f.name AS promoted_at, p.phase1_target_year AS phase1_by
ORDER BY participant;
