package scenario

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"
)

// functions available in every numeric expression, besides expr's
// builtins (min, max, abs, floor, ceil, round, ...).
var functions = []expr.Option{
	expr.Function("clamp", func(p ...any) (any, error) {
		return math.Min(math.Max(p[0].(float64), p[1].(float64)), p[2].(float64)), nil
	}, new(func(float64, float64, float64) float64)),
	expr.Function("exp", func(p ...any) (any, error) { return math.Exp(p[0].(float64)), nil },
		new(func(float64) float64)),
	expr.Function("log", func(p ...any) (any, error) { return math.Log(p[0].(float64)), nil },
		new(func(float64) float64)),
	expr.Function("sqrt", func(p ...any) (any, error) { return math.Sqrt(p[0].(float64)), nil },
		new(func(float64) float64)),
	expr.Function("pow", func(p ...any) (any, error) { return math.Pow(p[0].(float64), p[1].(float64)), nil },
		new(func(float64, float64) float64)),
}

// numEnv builds the type environment of numeric expressions: the given
// names, all float64.
func numEnv(names []string) map[string]any {
	env := make(map[string]any, len(names))
	for _, n := range names {
		env[n] = 0.0
	}
	return env
}

// compileNum compiles a numeric expression over names.
func compileNum(src string, names []string) (*vm.Program, error) {
	opts := append([]expr.Option{expr.Env(numEnv(names)), expr.AsFloat64()}, functions...)
	p, err := expr.Compile(src, opts...)
	if err != nil {
		return nil, cleanExprError(err)
	}
	return p, nil
}

// compileCond compiles a boolean condition over history variables, all
// strings.
func compileCond(src string, names []string) (*vm.Program, error) {
	env := make(map[string]any, len(names))
	for _, n := range names {
		env[n] = ""
	}
	p, err := expr.Compile(src, expr.Env(env), expr.AsBool())
	if err != nil {
		return nil, cleanExprError(err)
	}
	return p, nil
}

// cleanExprError keeps the first line of expr's message, which names the
// problem and its column in the expression.
func cleanExprError(err error) error {
	msg, _, _ := strings.Cut(err.Error(), "\n")
	return fmt.Errorf("%s", msg)
}

// identifiers returns the sorted names that program p reads among known.
func identifiers(p *vm.Program, known map[string]bool) []string {
	v := &identVisitor{known: known, seen: map[string]bool{}}
	n := p.Node()
	ast.Walk(&n, v)
	var out []string
	for name := range v.seen {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

type identVisitor struct {
	known, seen map[string]bool
}

func (v *identVisitor) Visit(n *ast.Node) {
	if id, ok := (*n).(*ast.IdentifierNode); ok && v.known[id.Value] {
		v.seen[id.Value] = true
	}
}

// runNum evaluates a numeric program and rejects NaN and infinities.
func runNum(p *vm.Program, env map[string]any) (float64, error) {
	out, err := run(p, env)
	if err != nil {
		return 0, err
	}
	f := out.(float64)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("evaluates to %v", f)
	}
	return f, nil
}

// machines keeps expression machines for reuse: a Monte Carlo draw runs
// hundreds of expressions, and a fresh machine for each is garbage.
var machines = sync.Pool{New: func() any { return new(vm.VM) }}

// run evaluates p in env on a pooled machine.
func run(p *vm.Program, env map[string]any) (any, error) {
	m := machines.Get().(*vm.VM)
	defer machines.Put(m)
	return m.Run(p, env)
}

// runCond evaluates a condition; an empty program is true.
func runCond(p *vm.Program, env map[string]any) (bool, error) {
	if p == nil {
		return true, nil
	}
	out, err := run(p, env)
	if err != nil {
		return false, err
	}
	return out.(bool), nil
}
