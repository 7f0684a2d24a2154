package due

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	"github.com/cpcase/cpcase/internal/app"
	"github.com/cpcase/cpcase/internal/cmd/atrev"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/evaluate/explain"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/output/safe"
)

// key is what tells the obligations of a run apart.
type key struct {
	cas, rule, child, detail, file string
	period, line                   int
	due                            civil.Date
}

func keyOf(o engine.Obligation) key {
	return key{o.Case, o.Rule, o.Child, o.Detail, o.Anchor.File, o.Period, o.Anchor.Line, o.Due}
}

// explanations are the short derivations of --explain, by obligation; cases add theirs from
// the workers.
type explanations struct {
	mu sync.Mutex
	m  map[key]string
}

// add explains the obligations of one case that are shown.
func (x *explanations) add(c *app.Case, items []render.Item, day civil.Date, horizon duration.Duration, at *atrev.Tree) {
	if len(items) == 0 {
		return
	}
	ds := explain.Case(c.Case, c.Policy, explain.Options{AsOf: day, Horizon: horizon})
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, d := range ds {
		if at != nil {
			d.Files(at.File)
		}
		x.m[keyOf(d.Obligation)] = explain.Short(d)
	}
}

func (x *explanations) of(it render.Item) string { return x.m[keyOf(it.Obligation)] }

// table lists the derivations below the table, numbered in its order.
func (x *explanations) table(w io.Writer, items []render.Item) error {
	if len(items) == 0 {
		return nil
	}
	var b bytes.Buffer
	b.WriteString("\nHow each date was worked out:\n")
	for i, it := range items {
		what := it.Title
		if it.ChildLabel != "" {
			what += ", " + it.ChildLabel
		}
		if it.Detail != "" && it.Child == "" {
			what += ", " + it.Detail
		}
		fmt.Fprintf(&b, "%3d. %s %s (%s): %s\n", i+1, safe.Term(it.Case), safe.Term(it.Rule), safe.Term(what), safe.Term(x.of(it)))
	}
	_, err := w.Write(b.Bytes())
	return err
}

// json is render.JSON's records with the field explain.
func (x *explanations) json(w io.Writer, items []render.Item) error {
	type record struct {
		render.Record
		Explain string `json:"explain"`
	}
	out := make([]record, len(items))
	for i, it := range items {
		out[i] = record{render.ToRecord(it), x.of(it)}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// csv is render.CSV's rows with the column explain.
func (x *explanations) csv(w io.Writer, items []render.Item) error {
	var b bytes.Buffer
	if err := render.CSV(&b, items); err != nil {
		return err
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		return err
	}
	cw := safe.NewCSVWriter(w)
	for i, row := range rows {
		cell := "explain"
		if i > 0 {
			cell = x.of(items[i-1])
		}
		if err := cw.Write(append(row, cell)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
