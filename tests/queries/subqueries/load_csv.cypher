// LOAD CSV from local files (relative to the working directory: the crate root in tests).
LOAD CSV WITH HEADERS FROM 'file:///tests/queries/data/people.csv' AS row RETURN row.name AS name, row.age AS age, row.city AS city;
/* expect
name | age | city
'Ann' | '31' | 'Seoul'
'Bob' | null | 'Busan'
'Kim, Jae' | '45' | 'Seoul'
*/
LOAD CSV FROM 'file:///tests/queries/data/people.csv' AS row RETURN row[0] AS first, size(row) AS n LIMIT 2;
/* expect
first | n
'name' | 3
'Ann' | 3
*/
LOAD CSV WITH HEADERS FROM 'file:///tests/queries/data/semicolon.csv' AS row FIELDTERMINATOR ';' RETURN row.name AS name, toInteger(row.age) AS age;
/* expect
name | age
'Ann' | 31
*/
LOAD CSV WITH HEADERS FROM 'file:///tests/queries/data/people.csv' AS row
CREATE (:Person {name: row.name, age: toInteger(row.age)});
MATCH (p:Person) WHERE p.age > 40 RETURN p.name AS name;
/* expect
name
'Kim, Jae'
*/
LOAD CSV WITH HEADERS FROM 'file:///tests/queries/data/people.csv' AS row
CALL (row) { MERGE (:City {name: row.city}) } IN TRANSACTIONS OF 1 ROW;
MATCH (c:City) RETURN c.name AS name ORDER BY name;
/* expect
name
'Busan'
'Seoul'
*/
LOAD CSV WITH HEADERS FROM 'file:///tests/queries/data/people.csv' AS row
RETURN row.name AS name, linenumber() AS line, file() ENDS WITH 'people.csv' AS f;
/* expect
name | line | f
'Ann' | 2 | true
'Bob' | 3 | true
'Kim, Jae' | 4 | true
*/
RETURN linenumber() AS l, file() AS f;
/* expect
l | f
null | null
*/
LOAD CSV FROM 'https://example.com/data.csv' AS row RETURN row;
/* expect error: ArgumentError.RemoteUrlRefused */
LOAD CSV FROM 'file:///tests/queries/data/missing.csv' AS row RETURN row;
/* expect error: ArgumentError.CsvFileNotFound */
LOAD CSV FROM 'file:///tests/queries/data/people.csv' AS row FIELDTERMINATOR '::' RETURN row;
/* expect error: SyntaxError.InvalidArgumentValue */
