// Which stem-cell products were approved in Korea, by whom were they created, and for which disease?
MATCH (c:Company)-[:DEVELOPS]->(p:Product)-[a:APPROVED_BY]->(r:GovernmentAgency)
MATCH (p)-[:TREATS]->(d:Disease)
RETURN p.name AS product, c.name AS developer, r.name AS regulator, d.name AS treats, p.exported AS exported;
