// =~ matches the whole string.
RETURN 'Celltrion' =~ 'Cell.*' AS a, 'Celltrion' =~ 'ell' AS b, 'Celltrion' =~ '(?i)celltrion' AS c, null =~ 'x' AS d;
/* expect
a | b | c | d
true | false | true | null
*/
UNWIND ['Remsima', 'Herzuma', 'Truxima', 'Vegzelma'] AS p WITH p WHERE p =~ '.*ma$' RETURN p;
/* expect
p
'Remsima'
'Herzuma'
'Truxima'
'Vegzelma'
*/
RETURN 'x' =~ '(' AS bad;
/* expect error: ArgumentError.InvalidRegex */
