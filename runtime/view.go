package runtime

// pageView is a page's rendered WXML (see package view).
type pageView struct{}

// dropView releases a page's view when it unloads.
func (r *Runtime) dropView(p *page) {}

// viewComponentChanged re-renders a component's subtree after its data
// changed.
func (r *Runtime) viewComponentChanged(c *compInst, keys []string) {}

// viewPageChanged updates a page's view after a setData.
func (r *Runtime) viewPageChanged(p *page, keys []string) {}
