package main

// tableCommands are the forms of due that the table branch made bounded and measureOutputs does
// not run yet (append them to its cmds): the default listing's table, and --explain in CSV.
func tableCommands(asOf, tree string) []struct {
	name string
	argv []string
} {
	return []struct {
		name string
		argv []string
	}{
		{"due (table)", []string{"due", "--as-of", asOf, tree}},
		{"due --all --explain --format csv", []string{"due", "--as-of", asOf, "--all", "--explain", "--format", "csv", tree}},
	}
}
