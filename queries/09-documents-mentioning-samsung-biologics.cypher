// Which documents mention Samsung Biologics, and on how many lines?
MATCH (d:Document)-[m:MENTIONS]->(:Company {name: 'Samsung Biologics'})
RETURN d.id AS doc, d.title AS title, size(m.lines) AS lines
ORDER BY doc;
