import sys

import pyarrow.dataset as ds

ds.write_dataset(ds.dataset(sys.argv[1]), "/home/jovyan/lakehouse/demo/events/data", format="parquet", existing_data_behavior="delete_matching")
