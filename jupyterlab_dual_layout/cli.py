"""`dual-layout` console script: runs the helper's command-line interface."""

import os
import sys

from .node import NodeNotFoundError, find_node, helper_script


def main():
    try:
        node = find_node()
        script = helper_script()
    except (NodeNotFoundError, FileNotFoundError) as error:
        sys.stderr.write(f"dual-layout: {error}\n")
        sys.exit(2)
    os.execv(node, [node, script, *sys.argv[1:]])


if __name__ == "__main__":
    main()
