/*
** sim_vfs.h: the "sim" sqlite3_vfs over a native IoBackend (sim_vfs.c),
** for driving the library through its public API on the simulated disk.
*/
#ifndef TEST_SIM_SIM_VFS_H
#define TEST_SIM_SIM_VFS_H

#include "io/io.h"

/* Registers (or re-points) the VFS "sim" at pIo, as the default VFS.
** Returns sqlite3_vfs_register's code. */
int simvfs_register(IoBackend *pIo);

#endif /* TEST_SIM_SIM_VFS_H */
