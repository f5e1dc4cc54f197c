// Who are the people in the documents, and what do they lead or where do they work?
MATCH (p:Person)-[r:LEADS|AFFILIATED_WITH]->(o)
RETURN p.name AS person, type(r) AS relation, r.role AS role, o.name AS organisation
ORDER BY person, organisation;
