package engine

import (
	"testing"

	"github.com/cpcase/cpcase/internal/load/policy"
)

// Every rule kind of the vocabulary has its evaluator, and the engine knows no kind the
// vocabulary does not.
func TestEveryKindHasAnEvaluator(t *testing.T) {
	for _, k := range policy.RuleKinds.Names() {
		if evaluators[k] == nil {
			t.Errorf("rule kind %q has no evaluator", k)
		}
	}
	if len(evaluators) != len(policy.RuleKinds.Words) {
		t.Errorf("%d evaluators for %d kinds", len(evaluators), len(policy.RuleKinds.Words))
	}
}
