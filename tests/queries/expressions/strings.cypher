// String functions and operators, counted in characters (also for Korean text).
RETURN toUpper('abc') AS u, toLower('ÀB') AS l, trim('  x ') AS t, ltrim(' x') AS lt, rtrim('x ') AS rt;
/* expect
u | l | t | lt | rt
'ABC' | 'àb' | 'x' | 'x' | 'x'
*/
RETURN substring('셀트리온 헬스케어', 0, 4) AS s, size('셀트리온') AS n, left('hello', 2) AS le, right('hello', 3) AS ri, reverse('abc') AS r;
/* expect
s | n | le | ri | r
'셀트리온' | 4 | 'he' | 'llo' | 'cba'
*/
RETURN split('a,b,,c', ',') AS parts, replace('banana', 'an', 'AN') AS rep, toString(12) AS s1, toString(1.5) AS s2;
/* expect
parts | rep | s1 | s2
['a', 'b', '', 'c'] | 'bANANa' | '12' | '1.5'
*/
RETURN 'Samsung Biologics' STARTS WITH 'Sam' AS a, 'Samsung' ENDS WITH 'ung' AS b, 'Samsung' CONTAINS 'ms' AS c, null STARTS WITH 'x' AS d;
/* expect
a | b | c | d
true | true | true | null
*/
