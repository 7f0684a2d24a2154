// Package shape describes the YAML files cpcase reads as data: for each mapping, its keys, what
// each value holds and which keys are required. The loaders take their key lists from these
// descriptions and the JSON Schemas for editors are generated from them, so the loaders and the
// schemas read the same definitions. The loaders still do the reading; a description says what
// they accept, and the tests hold the two together.
package shape

import "regexp"

// Kind is what a value holds.
type Kind int

const (
	Text     Kind = iota // a single value read as text (a number or true/false written bare is its text)
	ID                   // an id: [a-z0-9][a-z0-9._-]*; with Ref, an id defined elsewhere
	Date                 // a civil date, YYYY-MM-DD
	Bool                 // true or false
	Int                  // a whole number from Min to Max
	Duration             // "10 working days", "15 days", "6 weeks", "2 months"
	Enum                 // one word of Words
	List                 // a list of Item
	Dict                 // a mapping of free keys (Key) to values (Item)
	Map                  // a mapping with fixed keys (Map)
	Either               // one of Or
)

// Value is what a key may hold.
type Value struct {
	Kind Kind
	Doc  string // what it means, in a few plain words (editors show it; init writes it as a comment)

	Null     bool     // nothing written (null) is accepted and means the same as leaving the key out
	NonEmpty bool     // Text: "" is refused
	NonBlank bool     // Text: text of only spaces is refused
	Pattern  string   // Text: the text must match this regular expression (ECMA-262 and Go RE2 alike)
	Hint     string   // Text with Pattern: what to write instead, for the editor's message
	Words    []string // Enum: the words allowed; Duration: words accepted instead of a duration
	TBD      bool     // Duration: "TBD" (any case) leaves the timescale unset on purpose
	Positive bool     // Duration: must be longer than nothing
	Min, Max int      // Int: the bounds, inclusive
	Ref      string   // ID: the list that defines it ("member", "child"); empty: the id is defined here
	Item     *Value   // List and Dict: each item or value
	Key      *Value   // Dict: what the keys are
	One      bool     // List: a single item may be written alone, without the brackets
	MinItems int      // List: at least this many items
	Map      *Mapping // Map: its keys
	Or       []Value  // Either: the alternatives
}

// Field is one key of a mapping.
type Field struct {
	Key      string
	Required bool
	Value
}

// Mapping is a YAML mapping with a fixed set of keys.
type Mapping struct {
	Name   string // as messages name it: "a conference", "plan.yaml"
	Doc    string
	Fields []Field
	// ExactlyOne: exactly one of these keys must be present.
	ExactlyOne []string
	// NeedWithout are keys required when the key Without is absent (a policy that does not
	// extend another needs jurisdiction and rules).
	Without     string
	NeedWithout []string
	// Cases narrow the mapping by the value of one key: a rule of kind chain takes other keys
	// than a rule of kind deadline.
	Cases []Case
}

// Case is what a mapping takes when its key Key holds Value.
type Case struct {
	Key, Value string
	Allowed    []string // the keys allowed besides Common (nil: any key of the mapping)
	Common     []string // keys every case allows
	Required   []string // keys required in this case
	// RequiredOneOf: at least one of these keys is required in this case (empty: no such need).
	RequiredOneOf []string
}

// Keys lists the mapping's keys in order.
func (m *Mapping) Keys() []string {
	out := make([]string, len(m.Fields))
	for i, f := range m.Fields {
		out[i] = f.Key
	}
	return out
}

// Required lists the required keys in order.
func (m *Mapping) Required() []string {
	var out []string
	for _, f := range m.Fields {
		if f.Required {
			out = append(out, f.Key)
		}
	}
	return out
}

// Field returns the field for key, or nil.
func (m *Mapping) Field(key string) *Field {
	for i := range m.Fields {
		if m.Fields[i].Key == key {
			return &m.Fields[i]
		}
	}
	return nil
}

// IDPattern is the form of every id.
const IDPattern = `^[a-z0-9][a-z0-9._-]*$`

// DatePattern is the form of a civil date (whether it is a real date is checked apart).
const DatePattern = `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`

// DurationPattern is the form duration.Parse reads: a whole number from 0 to 1000 and a unit, in
// any case, with any spacing; positive leaves out 0. JSON Schema patterns have no flags, so the
// case is spelt out letter by letter.
func DurationPattern(positive bool) string {
	num := `0*(?:[0-9]{1,3}|1000)`
	if positive {
		num = `0*(?:[1-9][0-9]{0,2}|1000)`
	}
	unit := `(?:` + anyCase("working") + `\s+` + anyCase("day") + `|` + anyCase("day") + `|` +
		anyCase("week") + `|` + anyCase("month") + `)[sS]?`
	return `^\s*` + num + `\s+` + unit + `\s*$`
}

// TBDPattern matches "TBD" in any case, with spaces around.
func TBDPattern() string { return `^\s*` + anyCase("tbd") + `\s*$` }

func anyCase(word string) string {
	var b []byte
	for i := 0; i < len(word); i++ {
		c := word[i]
		if c >= 'a' && c <= 'z' {
			b = append(b, '[', c, c-'a'+'A', ']')
		} else {
			b = append(b, c)
		}
	}
	return string(b)
}

// Walk calls fn on every mapping reachable from m, m first, each once.
func (m *Mapping) Walk(fn func(*Mapping)) {
	seen := map[*Mapping]bool{}
	var mapping func(*Mapping)
	var value func(*Value)
	mapping = func(m *Mapping) {
		if m == nil || seen[m] {
			return
		}
		seen[m] = true
		fn(m)
		for i := range m.Fields {
			value(&m.Fields[i].Value)
		}
	}
	value = func(v *Value) {
		if v == nil {
			return
		}
		mapping(v.Map)
		value(v.Item)
		value(v.Key)
		for i := range v.Or {
			value(&v.Or[i])
		}
	}
	mapping(m)
}

// Check reports mistakes in a description itself: a pattern that does not compile, an enum with no
// words, a list with no item. The tests run it on every description.
func (m *Mapping) Check() []string {
	var out []string
	m.Walk(func(mm *Mapping) {
		keys := map[string]bool{}
		for _, f := range mm.Fields {
			if keys[f.Key] {
				out = append(out, mm.Name+": key "+f.Key+" twice")
			}
			keys[f.Key] = true
			out = append(out, f.Value.check(mm.Name+"."+f.Key)...)
		}
		for _, k := range mm.ExactlyOne {
			if !keys[k] {
				out = append(out, mm.Name+": ExactlyOne names unknown key "+k)
			}
		}
		for _, c := range mm.Cases {
			for _, list := range [][]string{{c.Key}, c.Allowed, c.Common, c.Required, c.RequiredOneOf} {
				for _, k := range list {
					if !keys[k] {
						out = append(out, mm.Name+": case "+c.Value+" names unknown key "+k)
					}
				}
			}
		}
	})
	return out
}

func (v *Value) check(where string) []string {
	var out []string
	if v.Pattern != "" {
		if _, err := regexp.Compile(v.Pattern); err != nil {
			out = append(out, where+": "+err.Error())
		}
	}
	switch v.Kind {
	case Enum:
		if len(v.Words) == 0 {
			out = append(out, where+": enum with no words")
		}
	case List, Dict:
		if v.Item == nil {
			out = append(out, where+": no item")
		}
	case Map:
		if v.Map == nil {
			out = append(out, where+": no mapping")
		}
	case Either:
		if len(v.Or) < 2 {
			out = append(out, where+": either with fewer than two alternatives")
		}
	case Int:
		if v.Min > v.Max {
			out = append(out, where+": min above max")
		}
	}
	return out
}
