// What manufacturing capacity and rank does Samsung Biologics have, and since when?
MATCH (s:Company {name: 'Samsung Biologics'})-[o:OPERATES]->(f:Facility)
RETURN s.name AS company, f.name AS facility, o.year AS completed, s.total_capacity_litres_2017 AS capacity_litres, s.cmo_capacity_world_rank_2017 AS cmo_world_rank
ORDER BY facility;
