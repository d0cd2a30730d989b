package main

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Cluster is a JetStream cluster of NATS servers run inside this process,
// on loopback ports chosen at random, each with a store directory of its
// own under a temporary directory that Shutdown removes. It is what `go
// run .` and the tests use in place of a deployed cluster.
type Cluster struct {
	dir   string
	nodes []*node
}

// node is one server and the options that restart it on the same ports
// and store directory.
type node struct {
	opts *server.Options
	srv  *server.Server // nil while stopped
}

// StartCluster starts n servers forming one JetStream cluster and waits
// until every one of them is ready for connections. The cluster elects its
// JetStream meta leader a little later: the first JetStream call retries
// until it answers (see Setup).
func StartCluster(n int) (*Cluster, error) {
	dir, err := os.MkdirTemp("", "slaeval-cluster-*")
	if err != nil {
		return nil, err
	}
	c := &Cluster{dir: dir}
	ports, err := freePorts(2 * n)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	var routes []*url.URL
	for i := range n {
		routes = append(routes, &url.URL{Scheme: "nats-route", Host: fmt.Sprintf("127.0.0.1:%d", ports[2*i+1])})
	}
	for i := range n {
		o := &server.Options{
			ServerName: fmt.Sprintf("n%d", i+1),
			Host:       "127.0.0.1",
			Port:       ports[2*i],
			JetStream:  true,
			StoreDir:   fmt.Sprintf("%s/n%d", dir, i+1),
			Cluster: server.ClusterOpts{
				Name: "slaeval",
				Host: "127.0.0.1",
				Port: ports[2*i+1],
			},
			Routes:     routes,
			NoLog:      true,
			NoSigs:     true,
			MaxPayload: 8 << 20,
		}
		c.nodes = append(c.nodes, &node{opts: o})
	}
	for i := range c.nodes {
		if err := c.Start(i); err != nil {
			c.Shutdown()
			return nil, err
		}
	}
	return c, nil
}

// freePorts asks the kernel for n distinct free loopback ports. Another
// process could take one before the server binds it: StartCluster then
// fails and the caller may retry.
func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var ports []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// Start starts node i (0-based) again on its ports and store directory.
func (c *Cluster) Start(i int) error {
	nd := c.nodes[i]
	if nd.srv != nil {
		return fmt.Errorf("cluster: node %d is running", i+1)
	}
	srv, err := server.NewServer(nd.opts)
	if err != nil {
		return fmt.Errorf("cluster: node %d: %w", i+1, err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		srv.Shutdown()
		return fmt.Errorf("cluster: node %d not ready after 10s", i+1)
	}
	nd.srv = srv
	return nil
}

// Stop shuts node i down (its store directory stays, for Start).
func (c *Cluster) Stop(i int) {
	nd := c.nodes[i]
	if nd.srv == nil {
		return
	}
	nd.srv.Shutdown()
	nd.srv.WaitForShutdown()
	nd.srv = nil
}

// URL is the comma-separated list of the client URLs of every node, for
// nats.Connect.
func (c *Cluster) URL() string {
	var us []string
	for _, nd := range c.nodes {
		us = append(us, fmt.Sprintf("nats://127.0.0.1:%d", nd.opts.Port))
	}
	return strings.Join(us, ",")
}

// Shutdown stops every node and removes the store directories.
func (c *Cluster) Shutdown() error {
	for i := range c.nodes {
		c.Stop(i)
	}
	return errors.Join(os.RemoveAll(c.dir))
}
