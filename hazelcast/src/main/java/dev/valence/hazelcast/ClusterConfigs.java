package dev.valence.hazelcast;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.time.Duration;
import java.util.List;

/**
 * The Hazelcast configurations of workers and coordinators: members join by TCP/IP to the
 * addresses given (never by multicast or cloud auto-detection, which would find whatever else is on
 * the network), log through SLF4J, and never call home.
 */
final class ClusterConfigs {
    private ClusterConfigs() {}

    static Config member(String cluster, String host, int port, List<String> join) {
        Config config = new Config();
        config.setClusterName(cluster);
        common(config.getProperties());
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        if (host != null) {
            network.getInterfaces().setEnabled(true).addInterface(host);
            network.setPublicAddress(host + ":" + port);
            config.setProperty("hazelcast.socket.bind.any", "false");
        }
        JoinConfig joining = network.getJoin();
        joining.getMulticastConfig().setEnabled(false);
        joining.getAutoDetectionConfig().setEnabled(false);
        joining.getTcpIpConfig().setEnabled(true).setMembers(join);
        return config;
    }

    static ClientConfig client(String cluster, List<String> addresses, Duration connectTimeout) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(cluster);
        common(config.getProperties());
        config.getNetworkConfig().setAddresses(List.copyOf(addresses));
        // Without a limit a client waits for its cluster forever; a coordinator should say why it cannot start.
        config.getConnectionStrategyConfig()
                .getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(connectTimeout.toMillis());
        return config;
    }

    private static void common(java.util.Properties properties) {
        properties.setProperty("hazelcast.logging.type", "slf4j");
        properties.setProperty("hazelcast.phone.home.enabled", "false");
    }
}
