// Who partners with Korea University Medical Center, on which project or topic?
MATCH (:Hospital {name: 'Korea University Medical Center'})-[p:PARTNERS_WITH]->(x)
RETURN x.name AS partner, labels(x)[0] AS kind, p.project AS project, p.topic AS topic
ORDER BY project, partner;
