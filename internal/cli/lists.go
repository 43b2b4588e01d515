package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// List splits a comma-list flag value ("poll, epoll_et"), dropping spaces
// and empty items.
func List(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// Counts reads a comma list of non-negative counts such as
// "0,100,10_000"; a word of words stands for its value (bench run's "max").
func Counts(s string, words map[string]int) ([]int, error) {
	var out []int
	for _, v := range List(s) {
		if n, ok := words[v]; ok {
			out = append(out, n)
			continue
		}
		n, err := strconv.Atoi(strings.ReplaceAll(v, "_", ""))
		if err != nil || n < 0 {
			return nil, fmt.Errorf("%q is not a count", v)
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil, errors.New("empty list")
	}
	return out, nil
}

// FormatCounts writes counts back as a comma list, a value of words as its
// word.
func FormatCounts(v []int, words map[string]int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = strconv.Itoa(n)
		for w, wn := range words {
			if n == wn {
				s[i] = w
			}
		}
	}
	return strings.Join(s, ",")
}

// Percent reads a percentage, "10%" or a fraction "0.1", as a fraction.
func Percent(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("%q is not a non-negative percentage", s)
	}
	if strings.HasSuffix(s, "%") {
		v /= 100
	}
	return v, nil
}
