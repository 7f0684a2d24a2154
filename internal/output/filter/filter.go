// Package filter selects obligations by who and what they are about: --worker, --team, --case,
// --child, --rule and --status, the same flags with the same meaning on every command that lists
// obligations (due, report, stats, agenda).
//
// Values of one flag are alternatives (repeat the flag, or separate values by commas); different
// flags must all match. The zero Filter keeps everything.
//
//   - --worker: the lead social worker's staff id (members.yaml staff:); in a case whose lead has
//     no staff id, their member id, which is local to that case;
//   - --team: the case's team, ignoring case;
//   - --case: the case reference; * and ? match as in file names (--case 'NR-2026-*');
//   - --child: the child's id or name (ignoring case); a case-level obligation has no child;
//   - --rule: the policy's rule id; * and ? match;
//   - --status: met, late, overdue, due, open, waiting, no-timescale or missed. Without it the
//     command's usual statuses are shown; with it exactly these, as if every status were listed.
//
// A case that could not be read or evaluated is never hidden by a filter that cannot be checked
// on it (worker, child, rule, status): only --case and --team, when its reference and team are
// known, leave it out.
package filter

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/yamlwalk"
	"github.com/cpcase/cpcase/internal/output/render"
)

// Filter is the values of the six flags.
type Filter struct {
	Workers, Teams, Cases, Children, Rules, Statuses []string
}

// Bind registers the six flags on fs, writing into f.
func Bind(fs *pflag.FlagSet, f *Filter) {
	fs.StringSliceVar(&f.Workers, "worker", nil, "only the cases of this lead social worker: a staff id (members.yaml staff:), else a member id")
	fs.StringSliceVar(&f.Teams, "team", nil, "only cases of this team")
	fs.StringSliceVar(&f.Cases, "case", nil, "only this case reference (* and ? match)")
	fs.StringSliceVar(&f.Children, "child", nil, "only obligations about this child (id or name)")
	fs.StringSliceVar(&f.Rules, "rule", nil, "only this rule id of the policy (* and ? match)")
	fs.StringSliceVar(&f.Statuses, "status", nil, "only these statuses: met, late, overdue, due, open, waiting, no-timescale, missed")
}

// Check refuses a status that is not one and a malformed pattern, with a hint.
func (f Filter) Check() error {
	for _, s := range f.Statuses {
		if !slices.Contains(engine.Statuses, engine.Status(s)) {
			words := make([]string, len(engine.Statuses))
			for i, st := range engine.Statuses {
				words[i] = string(st)
			}
			hint := ""
			if near := yamlwalk.Closest(s, words); near != "" {
				hint = fmt.Sprintf("; did you mean %q?", near)
			}
			return fmt.Errorf("--status: %q is not a status (expected %s)%s", s, strings.Join(words, ", "), hint)
		}
	}
	for _, p := range append(slices.Clone(f.Cases), f.Rules...) {
		if _, err := path.Match(p, ""); err != nil {
			return fmt.Errorf("%q: a malformed pattern (* and ? match; [ opens a set)", p)
		}
	}
	return nil
}

// Empty reports whether f keeps everything.
func (f Filter) Empty() bool {
	return len(f.Workers)+len(f.Teams)+len(f.Cases)+len(f.Children)+len(f.Rules)+len(f.Statuses) == 0
}

// OneWorker reports whether f keeps one worker's rows only (a table then needs no Worker column).
func (f Filter) OneWorker() bool { return len(f.Workers) == 1 }

// ByStatus reports whether --status chose the statuses, overriding the command's usual ones.
func (f Filter) ByStatus() bool { return len(f.Statuses) > 0 }

// KeepCase reports whether any obligation of a case with this reference and team can be kept:
// commands skip evaluating the others.
func (f Filter) KeepCase(ref, team string) bool {
	return (len(f.Cases) == 0 || matchAny(f.Cases, ref)) && (len(f.Teams) == 0 || equalAny(f.Teams, team))
}

// Keep reports whether f keeps it.
func (f Filter) Keep(it render.Item) bool {
	if it.IsUnevaluated() {
		return (!it.RefKnown() || len(f.Cases) == 0 || matchAny(f.Cases, it.Case)) &&
			(it.Team == "" || len(f.Teams) == 0 || equalAny(f.Teams, it.Team))
	}
	if !f.KeepCase(it.Case, it.Team) {
		return false
	}
	if len(f.Workers) > 0 {
		w := it.Staff
		if w == "" {
			w = it.Worker
		}
		if w == "" || !slices.Contains(f.Workers, w) {
			return false
		}
	}
	if len(f.Children) > 0 && (it.Child == "" || !(equalAny(f.Children, it.Child) || equalAny(f.Children, it.ChildLabel))) {
		return false
	}
	if len(f.Rules) > 0 && !matchAny(f.Rules, it.Rule) {
		return false
	}
	if len(f.Statuses) > 0 && !slices.Contains(f.Statuses, string(it.Status)) {
		return false
	}
	return true
}

// Apply keeps the items f keeps, in order, in the same backing array.
func (f Filter) Apply(items []render.Item) []render.Item {
	if f.Empty() {
		return items
	}
	return slices.DeleteFunc(items, func(it render.Item) bool { return !f.Keep(it) })
}

func matchAny(patterns []string, s string) bool {
	for _, p := range patterns {
		if ok, _ := path.Match(p, s); ok || p == s {
			return true
		}
	}
	return false
}

func equalAny(words []string, s string) bool {
	for _, w := range words {
		if strings.EqualFold(strings.TrimSpace(w), s) {
			return true
		}
	}
	return false
}
