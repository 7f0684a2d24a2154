package main

// tableCommands are the forms of due that the table branch made bounded, to measure beside
// measureOutputs' own (append them to its cmds): the default listing's fitted table, and
// --explain below the table and in JSON and CSV, over --all.
func tableCommands(asOf, tree string) []struct {
	name string
	argv []string
} {
	return []struct {
		name string
		argv []string
	}{
		{"due (table)", []string{"due", "--as-of", asOf, tree}},
		{"due --all --explain (table)", []string{"due", "--as-of", asOf, "--all", "--explain", tree}},
		{"due --all --explain --format json", []string{"due", "--as-of", asOf, "--all", "--explain", "--format", "json", tree}},
		{"due --all --explain --format csv", []string{"due", "--as-of", asOf, "--all", "--explain", "--format", "csv", tree}},
	}
}
