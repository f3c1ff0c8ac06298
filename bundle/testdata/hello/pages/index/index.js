Page({ data: { msg: "hello" } })
