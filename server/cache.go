package server

import (
	"container/list"
	"context"
	"sync"

	"github.com/tablero-project/tablero/analysis"
)

// scenarios keeps recently used stored scenarios parsed and compiled.
// Stored scenarios never change (their id is the hash of their content),
// so an entry never goes stale. Requests use a compiled scenario only to
// canonicalise options and hash them, which reads it; runs compile their
// own. Concurrent misses of one id parse it once.
type scenarios struct {
	mu    sync.Mutex
	max   int
	order *list.List // of ids, most recent first
	m     map[string]*cached
}

type cached struct {
	once sync.Once
	sc   *analysis.Scenario
	err  error
	elem *list.Element
}

func newScenarios(n int) *scenarios {
	return &scenarios{max: n, order: list.New(), m: map[string]*cached{}}
}

// get returns the compiled scenario id, loading it with load on a miss.
// A failed load is not kept.
func (c *scenarios) get(ctx context.Context, id string, load func(context.Context) (*analysis.Scenario, error)) (*analysis.Scenario, error) {
	c.mu.Lock()
	e, ok := c.m[id]
	if ok {
		c.order.MoveToFront(e.elem)
	} else {
		e = &cached{}
		e.elem = c.order.PushFront(id)
		c.m[id] = e
		if c.order.Len() > c.max {
			old := c.order.Remove(c.order.Back()).(string)
			delete(c.m, old)
		}
	}
	c.mu.Unlock()
	e.once.Do(func() { e.sc, e.err = load(ctx) })
	if e.err != nil {
		c.mu.Lock()
		if c.m[id] == e {
			c.order.Remove(e.elem)
			delete(c.m, id)
		}
		c.mu.Unlock()
	}
	return e.sc, e.err
}
