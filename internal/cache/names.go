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

// Fill is a cached case c with what the cache leaves out and a person's table shows put back:
// the children's and members' names and the actions' text, read from the case's files as the
// loader reads them but without checking them again (they are unchanged since the case was
// cached; a file that no longer reads leaves those names out). c itself is not changed. The text
// of meetings' actions is read only with meetingActions: meetings.yaml is most of a case.
func Fill(c *casefolder.Case, meetingActions bool) *casefolder.Case {
	out := *c
	plan := readDoc(filepath.Join(c.Dir, casefolder.PlanFile))
	if names := textsBy(get(plan, "children"), "id", "name"); names != nil {
		out.Children = append([]casefolder.Child(nil), c.Children...)
		for i := range out.Children {
			out.Children[i].Name = names[out.Children[i].ID]
		}
	}
	if names := textsBy(get(readDoc(filepath.Join(c.Dir, casefolder.MembersFile)), "members"), "id", "name"); names != nil {
		out.Members = append([]casefolder.Member(nil), c.Members...)
		for i := range out.Members {
			out.Members[i].Name = names[out.Members[i].ID]
		}
	}
	texts := map[casefolder.Pos]string{}
	actionTexts(texts, filepath.Join(c.Dir, casefolder.PlanFile), get(get(plan, "plan"), "actions"))
	hasMeetingActions := false
	for _, m := range c.Meetings {
		if !meetingActions {
			break
		}
		hasMeetingActions = hasMeetingActions || len(m.Actions) > 0
	}
	if hasMeetingActions {
		path := filepath.Join(c.Dir, casefolder.MeetingsFile)
		if ms := get(readDoc(path), "meetings"); ms != nil && ms.Kind == yaml.SequenceNode {
			for _, m := range ms.Content {
				actionTexts(texts, path, get(m, "actions"))
			}
		}
	}
	fill := func(as []casefolder.Action) []casefolder.Action {
		if len(as) == 0 {
			return as
		}
		as = append([]casefolder.Action(nil), as...)
		for i := range as {
			as[i].Text = texts[as[i].Pos]
		}
		return as
	}
	if c.Plan != nil {
		p := *c.Plan
		p.Actions = fill(p.Actions)
		out.Plan = &p
	}
	if hasMeetingActions {
		out.Meetings = append([]casefolder.Meeting(nil), c.Meetings...)
		for i := range out.Meetings {
			out.Meetings[i].Actions = fill(out.Meetings[i].Actions)
		}
	}
	return &out
}

// readDoc is the top mapping of a YAML file, or nil.
func readDoc(path string) *yaml.Node {
	data, err := yamlwalk.ReadFile(path)
	if err != nil {
		return nil
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	return doc.Content[0]
}

// textsBy maps the key value of each mapping in the list seq to its text value (as the loader
// reads text: a scalar that is not null).
func textsBy(seq *yaml.Node, key, text string) map[string]string {
	if seq == nil || seq.Kind != yaml.SequenceNode {
		return nil
	}
	out := map[string]string{}
	for _, n := range seq.Content {
		k, v := get(n, key), get(n, text)
		if k != nil && v != nil && k.Kind == yaml.ScalarNode && v.Kind == yaml.ScalarNode && v.Tag != "!!null" {
			out[k.Value] = v.Value
		}
	}
	return out
}

// actionTexts records the text of each action in the list seq of file path by its position, as
// the loader places an action (the position of its mapping).
func actionTexts(into map[casefolder.Pos]string, path string, seq *yaml.Node) {
	if seq == nil || seq.Kind != yaml.SequenceNode {
		return
	}
	for _, a := range seq.Content {
		if t := get(a, "text"); t != nil && t.Kind == yaml.ScalarNode && t.Tag != "!!null" {
			into[casefolder.Pos{File: path, Line: a.Line, Col: a.Column}] = t.Value
		}
	}
}
