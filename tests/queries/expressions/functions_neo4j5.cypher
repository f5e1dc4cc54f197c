// String and math functions of Neo4j 5.
RETURN normalize('\u0041\u030A') = '\u00C5' AS nfc, normalize('①', NFKC) AS nfkc, size(normalize('Å', NFD)) AS nfd, normalize(null) AS n;
/* expect
nfc | nfkc | nfd | n
true | '1' | 2 | null
*/
RETURN normalize('a', 'NFX') AS bad;
/* expect error: ArgumentError.InvalidArgumentValue */
RETURN round(cosh(1), 6) AS cosh, round(sinh(1), 6) AS sinh, round(tanh(1), 6) AS tanh, round(coth(1), 6) AS coth, sinh(null) AS n;
/* expect
cosh | sinh | tanh | coth | n
1.543081 | 1.175201 | 0.761594 | 1.313035 | null
*/
RETURN btrim('xxaxx', 'x') AS b, ltrim('  a') AS l, char_length('héllo') AS c, isEmpty('') AS e;
/* expect
b | l | c | e
'a' | 'a' | 5 | true
*/
