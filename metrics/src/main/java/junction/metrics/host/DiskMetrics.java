package junction.metrics.host;

import static junction.metrics.MeterNames.HOST_DISK_READ;
import static junction.metrics.MeterNames.HOST_DISK_WRITTEN;
import static junction.metrics.MeterNames.HOST_FILESYSTEM_AVAILABLE;
import static junction.metrics.MeterNames.HOST_FILESYSTEM_SIZE;
import static junction.metrics.MeterNames.TAG_DEVICE;
import static junction.metrics.MeterNames.TAG_MOUNT;
import static junction.metrics.MeterNames.UNIT_BYTES;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import oshi.hardware.HWDiskStore;
import oshi.software.os.FileSystem;
import oshi.software.os.OSFileStore;

/**
 * File system space per mount and bytes read/written per disk. Mounts and disks are found once,
 * at start, and capped: real, local file systems only, one mount per device (containers bind-mount
 * single files such as /etc/hosts from the root device), no loop or RAM disks. On Linux the disk
 * counters come from one read of /proc/diskstats: OSHI's per-disk update costs ~1.5 ms a disk.
 */
final class DiskMetrics implements HostMeterGroup {

    static final int MAX_MOUNTS = 16;
    static final int MAX_DISKS = 16;
    private static final Set<String> VIRTUAL_TYPES = Set.of("tmpfs", "devtmpfs", "ramfs", "squashfs", "proc",
            "sysfs", "cgroup", "cgroup2", "devpts", "mqueue", "nsfs", "autofs", "efivarfs", "tracefs");

    /** Space of one mount; refreshed with statvfs through java.io, cheaper than OSHI re-listing all mounts. */
    private static final class Mount {
        final File path;
        volatile double size = Double.NaN;
        volatile double available = Double.NaN;

        Mount(String path) {
            this.path = new File(path);
        }

        void sample() {
            size = path.getTotalSpace();
            available = path.getUsableSpace();
        }
    }

    private static final Path DISKSTATS = Path.of("/proc/diskstats");
    private static final double SECTOR_BYTES = 512;

    /** Cumulative bytes of one disk. */
    private static final class Disk {
        final HWDiskStore store;
        final String kernelName;
        volatile double read;
        volatile double written;

        Disk(HWDiskStore store) {
            this.store = store;
            this.kernelName = store.getName().substring(store.getName().lastIndexOf('/') + 1);
            this.read = store.getReadBytes();
            this.written = store.getWriteBytes();
        }

        void sampleWithOshi() {
            store.updateAttributes();
            read = store.getReadBytes();
            written = store.getWriteBytes();
        }
    }

    private final List<Mount> mounts;
    private final List<Disk> disks;
    private final boolean procDiskstats = Files.isReadable(DISKSTATS);

    DiskMetrics(FileSystem fileSystem, List<HWDiskStore> diskStores) {
        this.mounts = realMounts(fileSystem.getFileStores(true));
        this.disks = diskStores.stream()
                .filter(d -> !d.getName().matches(".*/(loop|ram|zram)\\d*$"))
                .limit(MAX_DISKS)
                .map(Disk::new)
                .toList();
    }

    private static List<Mount> realMounts(List<OSFileStore> stores) {
        Map<String, OSFileStore> byDevice = new LinkedHashMap<>();
        stores.stream()
                .filter(s -> !VIRTUAL_TYPES.contains(s.getType()))
                .filter(s -> new File(s.getMount()).isDirectory())
                .sorted(Comparator.comparingInt((OSFileStore s) -> s.getMount().length()))
                .forEach(s -> byDevice.putIfAbsent(s.getVolume(), s));
        return byDevice.values().stream().limit(MAX_MOUNTS).map(s -> new Mount(s.getMount())).toList();
    }

    @Override
    public void sample() {
        mounts.forEach(Mount::sample);
        if (procDiskstats) {
            sampleDiskstats();
        } else {
            disks.forEach(Disk::sampleWithOshi);
        }
    }

    /** Lines: major minor name reads merged sectorsRead ms writes merged sectorsWritten ... */
    private void sampleDiskstats() {
        Map<String, String[]> byName = new HashMap<>();
        try {
            for (String line : Files.readAllLines(DISKSTATS)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 9) {
                    byName.put(fields[2], fields);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Disk disk : disks) {
            String[] fields = byName.get(disk.kernelName);
            if (fields != null) {
                disk.read = Double.parseDouble(fields[5]) * SECTOR_BYTES;
                disk.written = Double.parseDouble(fields[9]) * SECTOR_BYTES;
            }
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Mount mount : mounts) {
            Tags tags = Tags.of(TAG_MOUNT, mount.path.getPath());
            HostMeterGroup.gauge(registry, HOST_FILESYSTEM_SIZE, "Size of the file system", UNIT_BYTES, tags, mount,
                    m -> m.size);
            HostMeterGroup.gauge(registry, HOST_FILESYSTEM_AVAILABLE,
                    "Space available to this (non-root) process on the file system", UNIT_BYTES, tags, mount,
                    m -> m.available);
        }
        for (Disk disk : disks) {
            Tags tags = Tags.of(TAG_DEVICE, disk.store.getName());
            HostMeterGroup.counter(registry, HOST_DISK_READ, "Bytes read from the disk", UNIT_BYTES, tags, disk,
                    d -> d.read);
            HostMeterGroup.counter(registry, HOST_DISK_WRITTEN, "Bytes written to the disk", UNIT_BYTES, tags, disk,
                    d -> d.written);
        }
    }
}
