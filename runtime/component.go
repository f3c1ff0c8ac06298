package runtime

// compInst is one custom component instance in a page's view.
type compInst struct {
	scope
	path string
	def  *pageDef
}
