package list

import (
	"encoding/json"
	"testing"

	"github.com/cpcase/cpcase/internal/iostreams"
)

func TestList(t *testing.T) {
	t.Parallel()
	ios, _, out, _ := iostreams.Test()
	if err := Run(&Options{IO: ios, Format: "json"}); err != nil {
		t.Fatal(err)
	}
	var rows []struct{ ID, From string }
	if err := json.Unmarshal(out.Bytes(), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 10 || rows[0].ID != "core-group-booking" || rows[0].From != "embedded" {
		t.Errorf("%+v", rows)
	}
	if err := Run(&Options{IO: ios, Format: "yaml"}); err == nil {
		t.Error("--format yaml accepted")
	}
}
