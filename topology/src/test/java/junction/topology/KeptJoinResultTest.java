package junction.topology;

/**
 * Every behaviour of {@link CustomerInventoryTopologyTest} again, with the join result kept in
 * RocksDB as the baseline profile keeps it: whether the result table keeps anything must not
 * change a single emitted record.
 */
class KeptJoinResultTest extends CustomerInventoryTopologyTest {

    @Override
    TopologyOptions options() {
        return TopologyOptions.defaults().withJoinResultKept(true);
    }
}
