# %% write
%run refresh_stations.py

# %% read
%run summarise.py
summary = pd.read_parquet("s3://lake/warehouse/scratch/summary.parquet")

# %% write
!python refresh_stations.py --date 2024-06-01

# %% read
!python summarise.py

# %% write
import sys
!{sys.executable} jobs/compact.py /home/jovyan/exports/events

# %% read
%run -i jobs/lake_io.py
orders = read_orders()
orders.head()

# %% write
write_orders(orders, f"{ORDERS}/manual-fix.parquet")

# %% read
write_orders(orders, "s3://lake/warehouse/scratch/orders-copy.parquet")

# %% read
%run missing_script.py
!python -m pip list

# %% write
%%bash
cd /home/jovyan/work
python3 jobs/compact.py /tmp/events
