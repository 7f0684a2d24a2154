package due

import (
	"fmt"
	"io"

	"github.com/cpcase/cpcase/internal/app"
	"github.com/cpcase/cpcase/internal/cmd/atrev"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/evaluate/explain"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/output/safe"
	"github.com/cpcase/cpcase/internal/speed"
)

// key is what tells the obligations of a case apart.
type key struct {
	cas, rule, child, detail, file string
	period, line                   int
	due                            civil.Date
}

func keyOf(o engine.Obligation) key {
	return key{o.Case, o.Rule, o.Child, o.Detail, o.Anchor.File, o.Period, o.Anchor.Line, o.Due}
}

// explainCase is the short derivation of --explain of each of one case's items shown, in their
// order ("" for one with none). They go to the Sorter beside their obligations, so that no map of
// the whole run's is held.
func explainCase(c *app.Case, items []render.Item, day civil.Date, horizon duration.Duration, at *atrev.Tree) []string {
	if len(items) == 0 {
		return nil
	}
	ds := explain.Case(c.Case, c.Policy, explain.Options{AsOf: day, Horizon: horizon})
	m := make(map[key]string, len(ds))
	for _, d := range ds {
		if at != nil {
			d.Files(at.File)
		}
		m[keyOf(d.Obligation)] = explain.Short(d)
	}
	why := make([]string, len(items))
	for i, it := range items {
		why[i] = m[keyOf(it.Obligation)]
	}
	return why
}

// explainTable lists the derivations below the table, numbered in the engine's order: a second
// read of the Sorter.
func explainTable(w io.Writer, sorted *speed.Sorter) error {
	if sorted.Len() == 0 {
		return nil
	}
	if _, err := io.WriteString(w, "\nHow each date was worked out:\n"); err != nil {
		return err
	}
	i := 0
	var err error
	for it, why := range sorted.Explained {
		i++
		what := it.Title
		if it.ChildLabel != "" {
			what += ", " + it.ChildLabel
		}
		if it.Detail != "" && it.Child == "" {
			what += ", " + it.Detail
		}
		if _, err = fmt.Fprintf(w, "%3d. %s %s (%s): %s\n", i, safe.Term(it.Case), safe.Term(it.Rule), safe.Term(what), safe.Term(why)); err != nil {
			break
		}
	}
	return err
}

// explainJSON is render.JSON's records with the field explain, one at a time.
func explainJSON(w io.Writer, sorted *speed.Sorter) error {
	type record struct {
		render.Record
		Explain string `json:"explain"`
	}
	return render.JSONRecords(w, func(yield func(record) bool) {
		for it, why := range sorted.Explained {
			if !yield(record{render.ToRecord(it), why}) {
				return
			}
		}
	})
}

// explainCSV is render.CSV's rows with the column explain, one at a time.
func explainCSV(w io.Writer, sorted *speed.Sorter) error {
	return render.CSVWith(w, sorted.Explained, "explain")
}
