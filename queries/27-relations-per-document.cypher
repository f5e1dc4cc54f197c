// How many relationships does each document support (mentions excluded)?
MATCH ()-[r]->() WHERE type(r) <> 'MENTIONS'
MATCH (d:Document {file: r.source})
RETURN d.id AS doc, count(r) AS relationships
ORDER BY doc;
