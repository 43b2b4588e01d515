package server

import (
	"reflect"
	"testing"
)

// TestSubCoversEveryCounter: Sub subtracts every cumulative field, so a
// counter added later cannot be left out of every measured window.
func TestSubCoversEveryCounter(t *testing.T) {
	var c, prev Counters
	cv, pv := reflect.ValueOf(&c).Elem(), reflect.ValueOf(&prev).Elem()
	for i := range cv.NumField() {
		if cv.Field(i).Kind() == reflect.Uint64 {
			cv.Field(i).SetUint(10)
			pv.Field(i).SetUint(3)
		}
	}
	d := reflect.ValueOf(c.Sub(prev))
	for i := range d.NumField() {
		f := d.Type().Field(i)
		if f.Type.Kind() != reflect.Uint64 {
			continue
		}
		want := uint64(7)
		if f.Name == "Active" {
			want = 10 // a level, not a cumulative count
		}
		if got := d.Field(i).Uint(); got != want {
			t.Errorf("Sub: %s = %d, want %d", f.Name, got, want)
		}
	}
}
