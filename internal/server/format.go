package server

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// Format renders the counters for a person, one aligned "name: value" line
// each under a "counters:" line, named by their JSON names; a field the
// backend cannot observe reads n/a instead of 0.
func (c Counters) Format() string {
	raw, _ := json.Marshal(c)
	var fields map[string]any
	_ = json.Unmarshal(raw, &fields)
	unsupported := map[string]bool{}
	for _, u := range c.Unsupported {
		unsupported[u] = true
	}
	var b strings.Builder
	b.WriteString("counters:\n")
	for _, name := range counterNames() {
		v := fmt.Sprint(fields[name])
		if unsupported[name] {
			v = "n/a (not observable by this backend)"
		}
		fmt.Fprintf(&b, "  %-20s %s\n", name+":", v)
	}
	return strings.TrimRight(b.String(), "\n")
}

// counterNames lists Counters' JSON names in declaration order.
func counterNames() []string {
	var names []string
	t := reflect.TypeFor[Counters]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "unsupported" {
			names = append(names, name)
		}
	}
	return names
}
