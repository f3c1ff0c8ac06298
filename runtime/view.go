package runtime

// pageView is a page's rendered WXML (see package view).
type pageView struct{}

// dropView releases a page's view when it unloads.
func (r *Runtime) dropView(p *page) {}
