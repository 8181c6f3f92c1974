// Integration tests start real servers (redis-server, embedded Garnet, Kestrel); on a 2-core machine running
// collections in parallel only makes them contend, so collections run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
