// Package policies embeds the shipped policy files, so cpcase works with no files beside it.
package policies

import "embed"

// FS holds the shipped policies, one YAML file per policy, named after its id.
//
//go:embed *.yaml
var FS embed.FS
