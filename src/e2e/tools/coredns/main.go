// Command coredns is a CoreDNS server with only the plugins the real-node
// end-to-end stage needs: cluster DNS for Services (kubernetes), a listen
// address (bind), a readiness endpoint (ready) and logging (errors, log).
// Importing single plugins instead of core/plugin keeps the cloud provider
// SDKs of the full build out of the module graph.
package main

import (
	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/bind"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/log"
	_ "github.com/coredns/coredns/plugin/ready"
)

// The order in which the plugins handle a query, as in CoreDNS's plugin.cfg.
var directives = []string{"bind", "ready", "errors", "log", "kubernetes"}

func init() {
	dnsserver.Directives = directives
}

func main() {
	coremain.Run()
}
