// Which hospitals run or take part in which projects, who leads them, and which partners take part in what role?
MATCH (h:Hospital)-[hr:RUNS|PARTICIPATES_IN]->(p:Project)
OPTIONAL MATCH (lead)-[:LEADS]->(p)
WITH h, hr, p, lead ORDER BY lead.name
WITH h, hr, p, collect(lead.name) AS led_by
OPTIONAL MATCH (x)-[pi:PARTICIPATES_IN|RUNS]->(p) WHERE x <> h
WITH h, hr, p, led_by, x, pi ORDER BY x.name
RETURN h.name AS hospital, type(hr) AS hospital_is, hr.evidence AS evidence, p.name AS project, led_by,
       collect(x.name + ' (' + coalesce(pi.role, 'runs it') + ')') AS partners
ORDER BY hospital, project;
