package cache

import (
	"path/filepath"
	"sync"
	"sync/atomic"

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
	return fill(c, Need{Children: true, PlanActions: true, MeetingActions: meetingActions}, nil, false)
}

// Need says which of what the cache leaves out Fill reads back besides the members' names
// (which every row of a table shows, as its worker): only what the rows to be shown name.
type Need struct {
	Children       bool // the children's names (plan.yaml)
	PlanActions    bool // the text of the plan's actions (plan.yaml)
	MeetingActions bool // the text of meetings' actions (meetings.yaml, most of a case)
}

// Fill is cache.Fill for the case of this entry: a file is read quickly when it is still the
// version the entry was written for (its size, time and inode), each value at the position the
// entry holds (scan.go), and parsed in full otherwise. Only what need asks for is read: what it
// does not ask for is left as the cache has it (no names, no text).
func (e *Entry) Fill(c *casefolder.Case, need Need) *casefolder.Case {
	return fill(c, need, e, false)
}

// FillSummary is Fill that puts the names and text into c itself: for a summary of this entry
// (Summary) that its caller owns and never evaluates, so that a table of a national tree does
// not copy every case it shows.
func (e *Entry) FillSummary(c *casefolder.Case, need Need) *casefolder.Case {
	e.SummaryActions(c)
	return fill(c, need, e, true)
}

// want is one value Fill reads: key in the mapping at pos, into *into.
type want struct {
	pos  casefolder.Pos
	key  string
	into *string
}

// fills counts the files an Entry.Fill read by positions (fast) and in full (slow), for the tests.
var fills struct{ fast, slow atomic.Int64 }

// wanted are the values one Fill reads from each file, reused from case to case.
type wanted struct{ plan, members, meetings []want }

var wants = sync.Pool{New: func() any { return new(wanted) }}

func fill(c *casefolder.Case, need Need, e *Entry, inPlace bool) *casefolder.Case {
	var k *caseKey
	if e != nil {
		k = &e.key
	}
	out := c
	if !inPlace {
		copied := *c
		out = &copied
	}
	hasMeetingActions := false
	for _, m := range c.Meetings {
		if !need.MeetingActions {
			break
		}
		hasMeetingActions = hasMeetingActions || len(m.Actions) > 0
	}
	// What is to be filled, with no name and no text until read: copies, unless in place.
	ws := wants.Get().(*wanted)
	defer func() {
		for _, l := range []*[]want{&ws.plan, &ws.members, &ws.meetings} {
			clear(*l)
			*l = (*l)[:0]
		}
		wants.Put(ws)
	}()
	if need.Children {
		if !inPlace {
			out.Children = append([]casefolder.Child(nil), c.Children...)
		}
		for i := range out.Children {
			out.Children[i].Name = ""
			ws.plan = append(ws.plan, want{out.Children[i].Pos, "name", &out.Children[i].Name})
		}
	}
	actions := func(as []casefolder.Action, ws *[]want) []casefolder.Action {
		if len(as) == 0 {
			return as
		}
		if !inPlace {
			as = append([]casefolder.Action(nil), as...)
		}
		for i := range as {
			as[i].Text = ""
			*ws = append(*ws, want{as[i].Pos, "text", &as[i].Text})
		}
		return as
	}
	if c.Plan != nil && need.PlanActions {
		p := c.Plan
		if !inPlace {
			copied := *c.Plan
			p = &copied
		}
		p.Actions = actions(p.Actions, &ws.plan)
		out.Plan = p
	}
	if !inPlace {
		out.Members = append([]casefolder.Member(nil), c.Members...)
	}
	for i := range out.Members {
		out.Members[i].Name = ""
		ws.members = append(ws.members, want{out.Members[i].Pos, "name", &out.Members[i].Name})
	}
	if hasMeetingActions {
		if !inPlace {
			out.Meetings = append([]casefolder.Meeting(nil), c.Meetings...)
		}
		for i := range out.Meetings {
			out.Meetings[i].Actions = actions(out.Meetings[i].Actions, &ws.meetings)
		}
	}
	for i, f := range [...]struct {
		name string
		ws   []want
	}{
		{casefolder.PlanFile, ws.plan},
		{casefolder.MembersFile, ws.members},
		{casefolder.MeetingsFile, ws.meetings},
	} {
		if len(f.ws) == 0 {
			continue
		}
		path := filepath.Join(c.Dir, f.name)
		var fk *fileKey
		if k != nil {
			fk = &k[i]
		}
		if readValues(path, fk, e.takeHeld(i), f.ws) {
			fills.fast.Add(1)
			continue
		}
		if k != nil {
			fills.slow.Add(1)
		}
		for _, w := range f.ws {
			*w.into = ""
		}
		switch i {
		case 0:
			fillPlan(out, path, need)
		case 1:
			fillMembers(out, path)
		case 2:
			fillMeetings(out, path)
		}
	}
	return out
}

// scanBuf is a file read by Fill and its lines, reused from file to file: the values read are
// copied out of it.
type scanBuf struct {
	data  []byte
	lines lines
}

var scans = sync.Pool{New: func() any { return &scanBuf{data: make([]byte, 0, 16<<10)} }}

// readValues reads each wanted value of the file at path by its position, and reports false when
// it cannot be sure of every one (or has no key to check the file against): the file is then
// parsed in full. fd is the file already open with key k (openFile), or -1; it is closed.
func readValues(path string, k *fileKey, fd int, ws []want) bool {
	if k == nil || !k.exists {
		closeFile(fd)
		return false
	}
	sc := scans.Get().(*scanBuf)
	defer scans.Put(sc)
	var data []byte
	var ok bool
	if fd >= 0 {
		data, ok = readOpen(fd, *k, sc.data)
	} else {
		data, ok = readKnown(path, *k, sc.data)
	}
	if !ok {
		return false
	}
	if cap(data) <= 1<<20 {
		sc.data = data[:0] // kept for the next file, unless it is unusually large
	}
	t, ok := indexInto(&sc.lines, data)
	if !ok {
		return false
	}
	for _, w := range ws {
		if w.pos.File != path {
			return false
		}
		text, _, sure := t.value(w.pos.Line, w.pos.Col, w.key)
		if !sure {
			return false
		}
		*w.into = text
	}
	return true
}

// fillPlan, fillMembers and fillMeetings read the names and texts of one file from its parse in
// full, as the loader reads them.
func fillPlan(out *casefolder.Case, path string, need Need) {
	plan := readDoc(path)
	if names := textsBy(get(plan, "children"), "id", "name"); names != nil && need.Children {
		for i := range out.Children {
			out.Children[i].Name = names[out.Children[i].ID]
		}
	}
	if out.Plan != nil && need.PlanActions {
		texts := map[casefolder.Pos]string{}
		actionTexts(texts, path, get(get(plan, "plan"), "actions"))
		for i := range out.Plan.Actions {
			out.Plan.Actions[i].Text = texts[out.Plan.Actions[i].Pos]
		}
	}
}

func fillMembers(out *casefolder.Case, path string) {
	if names := textsBy(get(readDoc(path), "members"), "id", "name"); names != nil {
		for i := range out.Members {
			out.Members[i].Name = names[out.Members[i].ID]
		}
	}
}

func fillMeetings(out *casefolder.Case, path string) {
	texts := map[casefolder.Pos]string{}
	if ms := get(readDoc(path), "meetings"); ms != nil && ms.Kind == yaml.SequenceNode {
		for _, m := range ms.Content {
			actionTexts(texts, path, get(m, "actions"))
		}
	}
	for i := range out.Meetings {
		for j := range out.Meetings[i].Actions {
			out.Meetings[i].Actions[j].Text = texts[out.Meetings[i].Actions[j].Pos]
		}
	}
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
