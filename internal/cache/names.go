package cache

import (
	"path/filepath"

	"go.yaml.in/yaml/v3"

	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/yamlwalk"
)

// ChildNames reads the children's names from the plan.yaml of the case folder dir, by child id,
// for a case that came from the cache (which holds no names) and is shown to a person. It reads
// the names as the loader does (a name is the text of the name: key); an unreadable file gives
// no names, and callers show the ids instead.
func ChildNames(dir string) map[string]string {
	data, err := yamlwalk.ReadFile(filepath.Join(dir, casefolder.PlanFile))
	if err != nil {
		return nil
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	children := get(doc.Content[0], "children")
	if children == nil || children.Kind != yaml.SequenceNode {
		return nil
	}
	names := map[string]string{}
	for _, ch := range children.Content {
		id, name := get(ch, "id"), get(ch, "name")
		if id == nil || name == nil || id.Kind != yaml.ScalarNode || name.Kind != yaml.ScalarNode || name.Tag == "!!null" {
			continue
		}
		names[id.Value] = name.Value
	}
	return names
}

// get is the value of key in the mapping n, or nil.
func get(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
