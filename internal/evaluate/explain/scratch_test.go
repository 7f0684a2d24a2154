package explain_test

import (
	"os"
	"testing"

	"github.com/cpcase/cpcase/internal/evaluate/explain"
)

func TestScratch(t *testing.T) {
	for _, x := range [][2]string{{"s9-three-children", "no-access-escalation"}, {"s9-three-children", "bedroom-seen"}, {"ch7-pre-birth-born", "pre-birth-core-group"}, {"ch7-pre-birth-waiting", "pre-birth-core-group"}, {"working-2017-restarted", "absence-escalation"}} {
		ds := explainExample(t, x[0], x[1], "")
		explain.Text(os.Stdout, ds)
		explain.JSON(os.Stdout, ds[:1])
		for _, d := range ds {
			println(explain.Short(d))
		}
	}
}
