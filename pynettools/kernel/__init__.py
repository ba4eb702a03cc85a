"""The kernel layer: reads procfs, sysfs, netlink and ioctls, returns plain records, never prints.

Everything here reaches the machine only through `seam.Kernel`.
"""
