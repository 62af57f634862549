/* placeholder */ typedef int wr_store_placeholder;
