// Which document, and which lines, support the fact that Remsima was approved by the FDA?
MATCH (:Product {name: 'Remsima'})-[r:APPROVED_BY]->(a {name: 'U.S. Food and Drug Administration'})
MATCH (d:Document {file: r.source})
RETURN d.title AS document, d.author AS author, r.source AS file, r.lines AS lines, r.year AS year, r.note AS note;
