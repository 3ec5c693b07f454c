// Command etcd is a thin wrapper around etcd's own main package so that the
// end-to-end harness can build an etcd server with the Go toolchain instead of
// downloading a release binary.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
